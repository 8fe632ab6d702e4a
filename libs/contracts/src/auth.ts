export type Role = 'superadmin' | 'tenant_admin';

export interface LoginRequest {
  username: string;
  password: string;
}

export interface TokenPair {
  accessToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  refreshToken: string;
}

export interface RefreshRequest {
  refreshToken: string;
}

export interface Me {
  id: string;
  username: string;
  role: Role;
  tenantId: string | null;
}
