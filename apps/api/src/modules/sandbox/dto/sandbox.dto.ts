import type {
  AddSandboxCustomerRequest,
  SandboxMessage,
  SandboxPhone,
  SandboxPhones,
  SandboxStatus,
  SandboxTypeRequest,
} from '@kefu/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Length, ValidateIf } from 'class-validator';
import { Trim } from '../../tenants/dto/trim';

export class SandboxStatusDto implements SandboxStatus {
  @ApiProperty() enabled!: boolean;
  @ApiProperty({ enum: ['off', 'starting', 'ready', 'failed'] }) state!: SandboxStatus['state'];
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: "The demo shop's id, for its admins and the superadmin" })
  tenantId!: string | null;
  @ApiProperty({ type: String, nullable: true }) username!: string | null;
}

export class SandboxMessageDto implements SandboxMessage {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['sent', 'received'], description: 'sent by the phone’s owner, or received from the relay' })
  direction!: SandboxMessage['direction'];
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'By `type`: text {text}, image {mediaId}, link {title, description, url, pictureUrl}, miniprogram {title, pagePath, thumbMediaId}, enter, other {msgtype}',
  })
  content!: SandboxMessage['content'];
}

export class SandboxPhoneDto implements SandboxPhone {
  @ApiProperty() openid!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['customer', 'agent'] }) role!: SandboxPhone['role'];
  @ApiProperty({ type: Number, nullable: true, description: 'The customer’s number (#n) once the relay knows them' }) number!: number | null;
  @ApiProperty() isAdmin!: boolean;
  @ApiProperty({ type: [SandboxMessageDto] }) messages!: SandboxMessageDto[];
}

export class SandboxPhonesDto implements SandboxPhones {
  @ApiProperty({ type: [SandboxPhoneDto] }) phones!: SandboxPhoneDto[];
}

export class AddSandboxCustomerDto implements AddSandboxCustomerRequest {
  @ApiProperty({ example: '李四', description: 'Sent as the contact button’s session-from' })
  @Trim()
  @IsString()
  @Length(1, 32, { message: 'nickname must be 1 to 32 characters' })
  nickname!: string;
}

export class SandboxTypeDto implements SandboxTypeRequest {
  @ApiPropertyOptional({ example: '你好', description: 'What the person types; on an agent’s phone commands too (下一个, 排队 …)' })
  @ValidateIf((object: SandboxTypeDto) => !object.picture)
  @IsString()
  @Length(1, 2000, { message: 'text must be 1 to 2000 characters' })
  text?: string;

  @ApiPropertyOptional({ description: 'true: the person sends a photo instead of text' })
  @IsOptional()
  @IsBoolean({ message: 'picture must be true or false' })
  picture?: boolean;
}
