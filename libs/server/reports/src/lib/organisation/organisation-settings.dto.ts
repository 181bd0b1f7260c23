import { ApiProperty } from '@nestjs/swagger';
import { ORGANISATION_LIMITS, OrganisationSettings } from '@tiendo/contracts';
import { Transform } from 'class-transformer';
import { IsString, MaxLength, MinLength, ValidateBy } from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** The symbol's abbreviation: a rule of its own name, so the web can say what it wants (not a generic "wrong format"). */
const IsDocumentAbbreviation = () =>
  ValidateBy({
    name: 'documentAbbreviation',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && /^[\p{Lu}\p{N}&.-]{1,20}$/u.test(value),
      defaultMessage: () => 'Tên viết tắt là 1–20 chữ in hoa, chữ số, &, dấu chấm hoặc gạch nối (ví dụ BTTTT)',
    },
  });

/** PUT /api/settings/organisation: every field, trimmed; 400 with a Vietnamese message per bad field. */
export class OrganisationSettingsDto implements OrganisationSettings {
  @ApiProperty({ example: 'Bộ Khoa học và Công nghệ' })
  @Transform(trim)
  @IsString({ message: 'Tên cơ quan phải là chuỗi' })
  @MinLength(2, { message: 'Tên cơ quan có ít nhất 2 ký tự' })
  @MaxLength(ORGANISATION_LIMITS.name, { message: `Tên cơ quan tối đa ${ORGANISATION_LIMITS.name} ký tự` })
  name!: string;

  @ApiProperty({ example: 'BKHCN', description: 'Chữ viết tắt trong ký hiệu văn bản (Số: …/BC-BKHCN)' })
  @Transform(trim)
  @IsString({ message: 'Tên viết tắt phải là chuỗi' })
  @IsDocumentAbbreviation()
  shortName!: string;

  @ApiProperty({ example: '', description: 'Cơ quan chủ quản trực tiếp; để trống với một Bộ' })
  @Transform(trim)
  @IsString({ message: 'Cơ quan chủ quản phải là chuỗi' })
  @MaxLength(ORGANISATION_LIMITS.parent, { message: `Cơ quan chủ quản tối đa ${ORGANISATION_LIMITS.parent} ký tự` })
  parent!: string;

  @ApiProperty({ example: 'Hà Nội' })
  @Transform(trim)
  @IsString({ message: 'Địa danh phải là chuỗi' })
  @MinLength(2, { message: 'Địa danh có ít nhất 2 ký tự' })
  @MaxLength(ORGANISATION_LIMITS.place, { message: `Địa danh tối đa ${ORGANISATION_LIMITS.place} ký tự` })
  place!: string;
}
