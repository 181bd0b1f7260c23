export * from './lib/auth.service';
export * from './lib/auth.guards';
export * from './lib/auth.module';
export * from './lib/sessions';
export * from './lib/api-tokens/api-tokens.service';
export * from './lib/api-tokens/api-tokens.controller';
