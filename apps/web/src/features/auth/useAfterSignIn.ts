import { useNavigate, useSearchParams } from 'react-router';
import { safeNext } from '../../app/navigation';

/** Where the person was going before sign-in was asked of them, and a way to get back there. */
export function useAfterSignIn() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const next = safeNext(params.get('next'));
  return {
    next,
    query: next === '/' ? '' : `?next=${encodeURIComponent(next)}`,
    go: () => void navigate(next, { replace: true }),
  };
}
