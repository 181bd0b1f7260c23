import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { ToInt } from './query-transforms';
import { MayBeOmitted } from './validation';

/** `?page=&pageSize=` of every paginated list: page from 1, at most 200 items a page. */
export class PageQuery {
  @ApiPropertyOptional({ default: 1 })
  @MayBeOmitted()
  @ToInt()
  @IsInt()
  @Min(1)
  @Max(100_000)
  page?: number;

  @ApiPropertyOptional({ maximum: 200 })
  @MayBeOmitted()
  @ToInt()
  @IsInt()
  @Min(1)
  @Max(200)
  pageSize?: number;
}
