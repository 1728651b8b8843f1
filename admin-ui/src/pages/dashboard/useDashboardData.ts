import { useCallback, useEffect, useRef, useState } from 'react';
import { getReadiness, getSystemInfo, type Readiness, type SystemInfo } from './api';

interface Slot<T> {
  data: T | null;
  error: unknown;
}

export interface DashboardData {
  system: Slot<SystemInfo>;
  readiness: Slot<Readiness>;
  loading: boolean;
  refreshedAt: Date | null;
  refresh: () => void;
}

const REFRESH_MS = 30_000;

async function settle<T>(promise: Promise<T>): Promise<Slot<T>> {
  try {
    return { data: await promise, error: null };
  } catch (error) {
    return { data: null, error };
  }
}

/** Loads /system and /readyz together; auto-refreshes every 30 s. */
export function useDashboardData(): DashboardData {
  const [system, setSystem] = useState<Slot<SystemInfo>>({
    data: null,
    error: null,
  });
  const [readiness, setReadiness] = useState<Slot<Readiness>>({
    data: null,
    error: null,
  });
  const [loading, setLoading] = useState(true);
  const [refreshedAt, setRefreshedAt] = useState<Date | null>(null);
  const inflight = useRef<AbortController | null>(null);

  const refresh = useCallback(() => {
    inflight.current?.abort();
    const controller = new AbortController();
    inflight.current = controller;
    setLoading(true);
    void Promise.all([settle(getSystemInfo(controller.signal)), settle(getReadiness(controller.signal))]).then(([s, r]) => {
      if (controller.signal.aborted) return;
      setSystem(s);
      setReadiness(r);
      setRefreshedAt(new Date());
      setLoading(false);
    });
  }, []);

  useEffect(() => {
    refresh();
    const timer = window.setInterval(refresh, REFRESH_MS);
    return () => {
      window.clearInterval(timer);
      inflight.current?.abort();
    };
  }, [refresh]);

  return { system, readiness, loading, refreshedAt, refresh };
}
