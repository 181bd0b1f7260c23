import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Page, UserView } from '@tiendo/contracts';
import { Actor, ApiAnswer, CurrentActor, Roles, UuidParamPipe } from '@tiendo/server-core';
import { CreateUserDto, ListUsersQuery, UpdateUserDto } from './dto/user.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  /** Scoped: ministry-wide roles see everyone, unit heads their subtree, staff their unit (to pick assignees). */
  @ApiAnswer.page('UserView', { summary: 'Danh sách người dùng' })
  @Get()
  list(@CurrentActor() actor: Actor, @Query() query: ListUsersQuery): Promise<Page<UserView>> {
    return this.users.list(actor, query);
  }

  @ApiAnswer('UserView', { summary: 'Một người dùng' })
  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string): Promise<UserView> {
    return this.users.getVisible(id, actor);
  }

  @ApiAnswer('UserView', { summary: 'Tạo người dùng', status: 201, errors: [409, 422] })
  @Post()
  @Roles('admin')
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto): Promise<UserView> {
    return this.users.create(dto, actor);
  }

  @ApiAnswer('UserView', { summary: 'Sửa người dùng (vai trò, đơn vị, khoá)', errors: [409, 422] })
  @Patch(':id')
  @Roles('admin')
  update(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string, @Body() dto: UpdateUserDto): Promise<UserView> {
    return this.users.update(id, dto, actor);
  }
}
