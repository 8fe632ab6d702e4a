import type { LoginRequest } from '@kefu/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { session } from '../../../app/session';
import { authKeys, login } from '../api';
import { clearSignInNotice } from '../notice';

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: LoginRequest) => login(body),
    onSuccess: (tokens) => {
      queryClient.removeQueries({ queryKey: authKeys.all });
      clearSignInNotice();
      session.set(tokens);
    },
  });
}
