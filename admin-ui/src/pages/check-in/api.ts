import type { CheckInProgramView, UpdateCheckInProgramDto } from '@laurel/shared';
import { api } from '../../api/client';

export function getCheckInProgram(signal?: AbortSignal): Promise<CheckInProgramView> {
  return api.get<CheckInProgramView>('/check-in-program', { signal });
}

/** Replaces the program whole; with `version`, only that version (409 CONFLICT when someone changed it meanwhile). */
export function updateCheckInProgram(input: UpdateCheckInProgramDto, idempotencyKey: string): Promise<CheckInProgramView> {
  return api.put<CheckInProgramView>('/check-in-program', input, { idempotencyKey });
}
