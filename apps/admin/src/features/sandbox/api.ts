import type { AddSandboxCustomerRequest, SandboxPhone, SandboxPhones, SandboxStatus, SandboxTypeRequest } from '@kefu/contracts';
import { AxiosError } from 'axios';
import { http } from '../../app/http';

const OFF: SandboxStatus = { enabled: false, state: 'off', tenantId: null, username: null };
const base = (tenantId: string) => `/api/tenants/${tenantId}/sandbox`;

/** The api answers 404 when it was started without the sandbox. */
export async function getSandboxStatus(): Promise<SandboxStatus> {
  try {
    const { data } = await http.get<SandboxStatus>('/api/sandbox');
    return data;
  } catch (error) {
    if (error instanceof AxiosError && error.response?.status === 404) return OFF;
    throw error;
  }
}

export async function listPhones(tenantId: string): Promise<SandboxPhone[]> {
  const { data } = await http.get<SandboxPhones>(`${base(tenantId)}/phones`);
  return data.phones;
}

export async function addCustomer(tenantId: string, request: AddSandboxCustomerRequest): Promise<SandboxPhone> {
  const { data } = await http.post<SandboxPhone>(`${base(tenantId)}/phones`, request);
  return data;
}

export async function typeOnPhone(tenantId: string, openid: string, request: SandboxTypeRequest): Promise<void> {
  await http.post(`${base(tenantId)}/phones/${encodeURIComponent(openid)}/messages`, request);
}

/** A picture on a phone (it needs the sign-in, so an <img> cannot load it by address). */
export async function getPhoneMedia(tenantId: string, mediaId: string): Promise<Blob> {
  const { data } = await http.get<Blob>(`${base(tenantId)}/media/${encodeURIComponent(mediaId)}`, { responseType: 'blob' });
  return data;
}

export const sandboxKeys = {
  status: ['sandbox', 'status'] as const,
  phones: (tenantId: string) => ['sandbox', tenantId, 'phones'] as const,
  media: (tenantId: string, mediaId: string) => ['sandbox', tenantId, 'media', mediaId] as const,
};
