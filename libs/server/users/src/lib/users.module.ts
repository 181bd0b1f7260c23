import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@tiendo/server-audit';
import { UnitsModule } from '@tiendo/server-units';
import { LeaderOversight, LeaderOversightController } from './leader-oversight';
import { User } from './user.entity';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({
  imports: [TypeOrmModule.forFeature([User]), UnitsModule, AuditModule],
  controllers: [UsersController, LeaderOversightController],
  providers: [UsersService, LeaderOversight],
  exports: [UsersService, LeaderOversight],
})
export class UsersModule {}
