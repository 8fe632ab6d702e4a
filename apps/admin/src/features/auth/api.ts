import type { LoginRequest, Me, RefreshRequest, TokenPair } from '@kefu/contracts';
import { AUTH_PATHS, http } from '../../app/http';

export async function login(body: LoginRequest): Promise<TokenPair> {
  const { data } = await http.post<TokenPair>(AUTH_PATHS.login, body);
  return data;
}

export async function logout(refreshToken: string): Promise<void> {
  const body: RefreshRequest = { refreshToken };
  await http.post(AUTH_PATHS.logout, body);
}

export async function fetchMe(): Promise<Me> {
  const { data } = await http.get<Me>('/api/me');
  return data;
}

export const authKeys = {
  all: ['auth'] as const,
  me: () => [...authKeys.all, 'me'] as const,
};
