export * from './lib/auth.service';
export * from './lib/auth.guards';
export * from './lib/auth.module';
export * from './lib/sessions';
export * from './lib/second-factor/second-factor.service';
export * from './lib/second-factor/second-factor-policy';
