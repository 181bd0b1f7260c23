export * from './lib/sign-in-page';
export * from './lib/account-page';
