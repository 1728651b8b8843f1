import { Flex, Form, InputNumber } from 'antd';
import { useMessages } from '../../i18n/language';
import { REWARD_TYPE_LIST, rewardMessages } from './rewards';

/** The most one reward may be (the ledger's grant limit). */
const MAX_REWARD = 1_000_000_000;

export interface RewardAmountsInputsProps {
  /** Form path of the amounts, e.g. `['milestones', 2, 'rewards']`. */
  name: (string | number)[];
  /** Prefix of the inputs' accessible names, e.g. `Day 3` → "Day 3 points". */
  ariaLabel?: string;
}

/** One whole-number input per reward type; blank gives none of that type. */
export function RewardAmountsInputs({ name, ariaLabel }: RewardAmountsInputsProps) {
  const t = useMessages(rewardMessages);
  return (
    <Flex gap={8} wrap>
      {REWARD_TYPE_LIST.map((type) => (
        <Form.Item key={type} name={[...name, type]} noStyle>
          <InputNumber<number>
            precision={0}
            min={1}
            max={MAX_REWARD}
            suffix={t.types[type]}
            aria-label={ariaLabel ? `${ariaLabel} ${t.types[type]}` : t.types[type]}
            style={{ width: 150 }}
          />
        </Form.Item>
      ))}
    </Flex>
  );
}
