export * from './lib/sign-in-page';
export * from './lib/account-page';
export * from './lib/oidc-callback-page';
