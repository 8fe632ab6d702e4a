import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { session } from '../../../app/session';
import { logout } from '../api';
import { clearSignInNotice } from '../notice';

export function useLogout() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [pending, setPending] = useState(false);

  const signOut = useCallback(async () => {
    setPending(true);
    const refreshToken = session.get()?.refreshToken;
    try {
      // Revoke the refresh token on the server; signing out locally does not wait on its success.
      if (refreshToken) await logout(refreshToken);
    } catch {
      // Expired or already revoked: nothing left to revoke.
    } finally {
      clearSignInNotice();
      session.clear();
      queryClient.clear();
      setPending(false);
      navigate('/login', { replace: true });
    }
  }, [navigate, queryClient]);

  return { signOut, pending };
}
