import { Navigate } from 'react-router-dom';
import { useCurrentUser } from '../../auth/currentUser';
import { homePathFor } from '../navigation';

export function HomeRedirect() {
  const me = useCurrentUser();
  return <Navigate to={homePathFor(me.role)} replace />;
}
