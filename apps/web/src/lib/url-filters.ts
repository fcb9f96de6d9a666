import { useSearchParams } from 'react-router';

/**
 * A page's filters kept in its address, so a filtered list can be shared and survives a reload:
 * `setParam` sets one (an empty value removes it) without adding a history entry per keystroke.
 */
export function useUrlFilters() {
  const [params, setParams] = useSearchParams();
  const setParam = (name: string, value: string | null) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) {
          next.set(name, value);
        } else {
          next.delete(name);
        }
        return next;
      },
      { replace: true },
    );
  return { params, setParams, setParam };
}
