export * from './lib/comments.module';
export * from './lib/comments.service';
export * from './lib/timeline.service';
export * from './lib/timeline.repository';
export * from './lib/mentions';
export * from './lib/dto/comment.dto';
