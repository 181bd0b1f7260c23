import { Transform } from 'class-transformer';

/** `?keyOnly=true|false|1|0` to a boolean; anything else stays as given and fails @IsBoolean. */
export const ToBoolean = () =>
  Transform(({ value }) => {
    if (value === 'true' || value === '1' || value === true) return true;
    if (value === 'false' || value === '0' || value === false) return false;
    return value;
  });

/** `?page=2` to a number; a non-numeric string stays a string and fails @IsInt. */
export const ToInt = () =>
  Transform(({ value }) => (typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value));

/** Trims text so that "   " does not pass @IsNotEmpty. */
export const Trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));
