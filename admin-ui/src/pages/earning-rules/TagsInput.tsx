import { Select } from 'antd';

export interface TagsInputProps {
  value?: string[];
  onChange?: (value: string[]) => void;
  placeholder?: string;
  disabled?: boolean;
  id?: string;
}

/** Free-text list: type a value and press Enter (or a comma). */
export function TagsInput({ value, onChange, placeholder, disabled, id }: TagsInputProps) {
  return (
    <Select
      id={id}
      mode="tags"
      value={value}
      onChange={onChange}
      placeholder={placeholder}
      disabled={disabled}
      tokenSeparators={[',']}
      style={{ width: '100%' }}
    />
  );
}
