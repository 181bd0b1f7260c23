export * from './lib/user.entity';
export * from './lib/password-policy';
export * from './lib/dto/user.dto';
export * from './lib/users.service';
export * from './lib/user-sessions';
export * from './lib/users.module';
export * from './lib/leader-oversight';
