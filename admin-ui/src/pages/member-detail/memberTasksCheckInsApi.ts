import type { MemberCheckInsView, MemberTaskView } from '@laurel/shared';
import { api } from '../../api/client';
import { seg } from '../../api/types';

/** The tasks the member sees, with the current period's progress (what the member's app shows). */
export async function getMemberTasks(memberId: string, signal?: AbortSignal): Promise<MemberTaskView[]> {
  return (await api.get<{ items: MemberTaskView[] }>(`/members/${seg(memberId)}/tasks`, { signal })).items;
}

/** The member's check-in status and one month's calendar (`YYYY-MM`; the current month when absent). */
export function getMemberCheckIns(memberId: string, month: string | undefined, signal?: AbortSignal): Promise<MemberCheckInsView> {
  return api.get<MemberCheckInsView>(`/members/${seg(memberId)}/check-ins`, { query: { month }, signal });
}
