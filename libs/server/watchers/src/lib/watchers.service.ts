import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { WatchersView } from '@tiendo/contracts';
import { Actor, canReadTask, Clock, notFound, outOfScope, TaskScopeFacts } from '@tiendo/server-core';
import { TaskQueryRepository } from '@tiendo/server-tasks';
import { DataSource, EntityManager } from 'typeorm';
import { follows } from './followers';
import { WatchersRepository } from './watchers.repository';

/**
 * Who follows a task (theo dõi), by the rule in `follows`: explicit followers, plus the assigner and the lead unit's
 * heads by default, minus explicit unfollows, inactive users and anyone who may no longer read the task.
 *
 * Following is the follower's own setting, not a change to the task: it writes no history entry and records no
 * task event, so it notifies nobody and leaves the task's timeline and version alone.
 */
@Injectable()
export class WatchersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: WatchersRepository,
    private readonly tasks: TaskQueryRepository,
    private readonly clock: Clock,
  ) {}

  /**
   * The ids of the users who follow the task now, in name order, for the notification dispatcher: read at call time,
   * so an unfollow, a deactivation or a loss of read access takes effect for the next event. Pass the dispatcher's
   * transaction as `manager` to read in it. `[]` for a task that does not exist.
   */
  async followersOf(taskId: string, manager: EntityManager = this.db.manager): Promise<string[]> {
    const facts = await this.tasks.scopeFacts(taskId, manager);
    if (!facts) return [];
    return (await this.followers(taskId, facts, manager)).map((a) => a.id);
  }

  /** `GET /api/tasks/:id/watchers`. 404 (NOT_FOUND) for a task that does not exist or that the actor may not read. */
  async view(taskId: string, actor: Actor): Promise<WatchersView> {
    const facts = await this.readable(taskId, actor);
    const followers = await this.followers(taskId, facts);
    return {
      following: followers.some((f) => f.id === actor.id),
      watchers: followers.map((f) => ({ id: f.id, username: f.username, fullName: f.fullName })),
    };
  }

  /** `PUT /api/tasks/:id/watchers/me`: the actor follows the task (again). Idempotent; 404 as `view`. */
  async follow(taskId: string, actor: Actor): Promise<WatchersView> {
    await this.readable(taskId, actor);
    await this.repo.choose(taskId, actor.id, true, this.clock.now());
    return this.view(taskId, actor);
  }

  /** `DELETE /api/tasks/:id/watchers/me`: the actor stops following, also as a default follower. Idempotent; 404 as `view`. */
  async unfollow(taskId: string, actor: Actor): Promise<WatchersView> {
    await this.readable(taskId, actor);
    await this.repo.choose(taskId, actor.id, false, this.clock.now());
    return this.view(taskId, actor);
  }

  private async followers(taskId: string, facts: TaskScopeFacts, manager: EntityManager = this.db.manager): Promise<Actor[]> {
    const candidates = await this.repo.candidates(taskId, manager);
    return candidates.filter((c) => follows(c, facts)).map((c) => c.actor);
  }

  /** The same read rule as GET /api/tasks/:id: 404 for a missing task and (recorded as hidden) for one out of scope. */
  private async readable(taskId: string, actor: Actor): Promise<TaskScopeFacts> {
    const facts = await this.tasks.scopeFacts(taskId);
    if (!facts) throw notFound('Task');
    if (!canReadTask(actor, facts)) throw outOfScope('task', taskId);
    return facts;
  }
}
