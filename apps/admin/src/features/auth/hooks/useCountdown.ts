import { useCallback, useEffect, useState } from 'react';

interface CountdownState {
  until: number | null;
  now: number;
}

/** A seconds countdown, e.g. for "try again in N seconds". */
export function useCountdown() {
  const [state, setState] = useState<CountdownState>({ until: null, now: 0 });

  useEffect(() => {
    const until = state.until;
    if (until === null) return;
    const timer = window.setInterval(() => {
      const now = Date.now();
      if (now >= until) window.clearInterval(timer);
      setState((current) => ({ ...current, now }));
    }, 250);
    return () => window.clearInterval(timer);
  }, [state.until]);

  const start = useCallback((seconds: number) => {
    const now = Date.now();
    setState({ until: now + seconds * 1000, now });
  }, []);

  const reset = useCallback(() => setState({ until: null, now: 0 }), []);

  const running = state.until !== null;
  const secondsLeft = running ? Math.max(0, Math.ceil((state.until! - state.now) / 1000)) : 0;
  return { running, secondsLeft, start, reset };
}
