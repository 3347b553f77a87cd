// Answers that arrive after a newer request was made are dropped: a manager who switches service
// while the first service's figures are still on their way must never see them under the new name.
import { useRef } from 'preact/hooks';

type Keep = <T>(set: (value: T) => void) => (value: T) => void;

/** Call once per load; wrap each setter of that load so only the latest load's answers land. */
export function useLatest(): () => Keep {
  const seq = useRef(0);
  return () => {
    const mine = ++seq.current;
    return (set) => (value) => {
      if (mine === seq.current) set(value);
    };
  };
}
