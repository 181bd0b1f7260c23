import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Page, UserView } from '@tiendo/contracts';
import { Actor, CurrentActor, Roles, UuidParamPipe } from '@tiendo/server-core';
import { CreateUserDto, ListUsersQuery, UpdateUserDto } from './dto/user.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  /** Scoped: ministry-wide roles see everyone, unit heads their subtree, staff their unit (to pick assignees). */
  @Get()
  list(@CurrentActor() actor: Actor, @Query() query: ListUsersQuery): Promise<Page<UserView>> {
    return this.users.list(actor, query);
  }

  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string): Promise<UserView> {
    return this.users.getVisible(id, actor);
  }

  @Post()
  @Roles('admin')
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto): Promise<UserView> {
    return this.users.create(dto, actor);
  }

  @Patch(':id')
  @Roles('admin')
  update(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string, @Body() dto: UpdateUserDto): Promise<UserView> {
    return this.users.update(id, dto, actor);
  }
}
