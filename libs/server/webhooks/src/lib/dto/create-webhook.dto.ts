import { ApiProperty } from '@nestjs/swagger';
import { type CreateWebhookRequest, TASK_EVENT_KINDS, type TaskEventKind } from '@tiendo/contracts';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';

/** POST /api/admin/webhooks. */
export class CreateWebhookDto implements CreateWebhookRequest {
  @ApiProperty({ example: 'Cổng thông tin tỉnh Lào Cai', maxLength: 120 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(120)
  name!: string;

  @ApiProperty({ example: 'https://congthongtin.laocai.gov.vn/tiendo/webhook', description: 'http(s), with a host, without user name or password' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  url!: string;

  @ApiProperty({ enum: TASK_EVENT_KINDS, isArray: true, example: ['assigned', 'completion_reported', 'completion_returned'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(TASK_EVENT_KINDS, { each: true })
  eventTypes!: TaskEventKind[];

  @ApiProperty({ example: ['VBC'], description: 'Tasks led or coordinated by these units (each with its sub-units)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ArrayUnique()
  @IsString({ each: true })
  @MaxLength(32, { each: true })
  unitCodes!: string[];
}
