export * from './lib/auth.service';
export * from './lib/auth.guards';
export * from './lib/auth.module';
export * from './lib/sessions';
export * from './lib/directory/identity-mapping';
export * from './lib/directory/mapping-rules.service';
export * from './lib/directory/ldap-directory';
