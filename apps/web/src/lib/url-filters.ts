import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';

/**
 * A page's filters kept in its address, so a filtered list can be shared and survives a reload:
 * `setParam` sets one (an empty value removes it) without adding a history entry per keystroke.
 */
export function useUrlFilters() {
  const [params, setParams] = useSearchParams();
  const setParam = (name: string, value: string | null) => {
    // From the address as it is now: react-router's functional update starts from the params of the
    // render the caller came from, and would undo a filter set since (the search box's text, written
    // once typing paused, just before a date was picked).
    const next = new URLSearchParams(window.location.search);
    if (value) {
      next.set(name, value);
    } else {
      next.delete(name);
    }
    setParams(next, { replace: true });
  };
  return { params, setParams, setParam };
}

/**
 * A search box whose text is kept in the address as `q`: `search` follows every keystroke, `debounced`
 * and the address follow once typing pauses, so a list is not asked again at each letter.
 */
export function useUrlSearch() {
  const { params, setParam } = useUrlFilters();
  const [search, setSearch] = useState(params.get('q') ?? '');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  useEffect(() => {
    if ((params.get('q') ?? '') !== debounced) {
      setParam('q', debounced);
    }
    // Only the debounced text drives the URL: the URL changing for another reason must not rewrite it.
  }, [debounced]);
  return { search, setSearch, debounced };
}
