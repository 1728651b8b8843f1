import { useNavigate, useParams } from 'react-router-dom';
import { useHasRole } from '../../auth/useSession';
import { DefinitionEditFrame, DefinitionStatusBar } from '../../components/DefinitionEditFrame';
import { useLoaded } from '../../components/useLoaded';
import { useVersionedSave } from '../../components/useVersionedSave';
import { useMessages } from '../../i18n/language';
import { changeRewardStatus, createReward, getReward, MALL_WRITE_ROLE, updateReward } from './api';
import type { CreateMallRewardDto, UpdateMallRewardDto } from '@laurel/shared';
import { describeStock } from './describe';
import { NEW_REWARD_VALUES, toCreateBody, toFormValues, toUpdateBody } from './formValues';
import { mallMessages } from './messages';
import { RewardCodesCard } from './RewardCodesCard';
import { RewardForm } from './RewardForm';

/** `/rewards/new` and `/rewards/:id` (read-only for viewers and archived rewards); a virtual-code reward's code pool. */
export function RewardEditPage() {
  const t = useMessages(mallMessages);
  const { id } = useParams();
  const { data: reward, error, reload } = useLoaded(id, getReward);
  const canWrite = useHasRole(MALL_WRITE_ROLE);
  const navigate = useNavigate();
  const { save, conflict, clearConflict } = useVersionedSave({
    send: (body: CreateMallRewardDto | UpdateMallRewardDto, key) =>
      reward ? updateReward(reward.id, body as UpdateMallRewardDto, key) : createReward(body as CreateMallRewardDto, key),
    savedText: (saved) => t.saved(saved.name),
    // A new virtual-code reward stays open for its codes; anything else goes back to the list.
    onSaved: (saved) => navigate(!reward && saved.type === 'virtual_code' ? `/rewards/${encodeURIComponent(saved.id)}` : '/rewards'),
  });
  const archived = reward?.status === 'archived';
  return (
    <DefinitionEditFrame
      backTo="/rewards"
      texts={{ ...t, couldNotLoad: t.couldNotLoadReward }}
      ready={id === undefined || reward !== null}
      loadError={error}
      reload={reload}
      title={reward ? reward.name : t.newReward}
      subtitle={
        reward ? `${t.versionLine(reward.version, t.types[reward.type])} · ${t.stock} ${describeStock(reward.stock, t)}` : t.newSubtitle
      }
      extra={
        reward && (
          <DefinitionStatusBar
            status={reward.status}
            testId="reward-status"
            actions={
              canWrite
                ? {
                    name: reward.name,
                    change: (action) => changeRewardStatus(reward.id, action),
                    onChanged: reload,
                    archiveTitle: t.archiveTitle,
                    archiveText: t.archiveText,
                  }
                : undefined
            }
          />
        )
      }
      readOnlyText={!canWrite ? t.readOnlyViewer : archived ? t.readOnlyArchived : null}
      conflict={conflict}
      clearConflict={clearConflict}
      conflictTestId="reward-conflict"
    >
      {reward?.type === 'virtual_code' && <RewardCodesCard rewardId={reward.id} canUpload={canWrite && !archived} onUploaded={reload} />}
      <RewardForm
        key={reward ? `${reward.id}:${reward.version}` : 'new'}
        initialValues={reward ? toFormValues(reward) : NEW_REWARD_VALUES}
        creating={!reward}
        readOnly={!canWrite || archived}
        toBody={(values) => (reward ? toUpdateBody(values, reward.version) : toCreateBody(values))}
        onSubmit={save}
        onCancel={() => navigate('/rewards')}
      />
    </DefinitionEditFrame>
  );
}
