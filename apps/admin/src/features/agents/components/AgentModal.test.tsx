import { QueryClient } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { AxiosAdapter, AxiosResponse, InternalAxiosRequestConfig } from 'axios';
import { AxiosError } from 'axios';
import { createMemoryRouter, RouterProvider } from 'react-router-dom';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { http } from '../../../app/http';
import i18n from '../../../app/i18n';
import { AppProviders } from '../../../app/providers';
import { AgentModal } from './AgentModal';

const TENANT = '7b0c5e1a-1111-4222-8333-944445555666';

function answer(status: number, data: unknown, seen: InternalAxiosRequestConfig[]): AxiosAdapter {
  return async (config) => {
    seen.push(config);
    const response: AxiosResponse = { status, statusText: '', data, headers: {}, config };
    if (status >= 400) throw new AxiosError('failed', 'ERR_BAD_REQUEST', config, undefined, response);
    return response;
  };
}

function renderModal() {
  const router = createMemoryRouter([{ path: '/agents', element: <AgentModal tenantId={TENANT} open onClose={() => undefined} /> }], {
    initialEntries: ['/agents'],
  });
  render(
    <AppProviders queryClient={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <RouterProvider router={router} />
    </AppProviders>,
  );
}

describe('AgentModal', () => {
  const originalAdapter = http.defaults.adapter;

  beforeEach(async () => {
    await i18n.changeLanguage('zh-CN');
  });

  afterEach(() => {
    http.defaults.adapter = originalAdapter;
  });

  it('shows the seat refusal with the server message and a way to the license page', async () => {
    const seen: InternalAxiosRequestConfig[] = [];
    const message = 'All 3 seats are in use (3 agents). Remove an agent or apply for more seats.';
    http.defaults.adapter = answer(409, { statusCode: 409, error: 'Conflict', code: 'seats_exhausted', message, seats: 3, used: 3 }, seen);
    renderModal();

    fireEvent.change(await screen.findByLabelText('昵称'), { target: { value: '客服小四' } });
    fireEvent.click(screen.getByRole('button', { name: '添加客服' }));

    expect(await screen.findByText('坐席已用完：3 个坐席已有 3 位客服')).toBeTruthy();
    expect(screen.getByText(message)).toBeTruthy();
    expect(screen.getByRole('link', { name: /申请更多坐席/ }).getAttribute('href')).toBe('/license');
    expect(seen[0].url).toBe(`/api/tenants/${TENANT}/agents`);
    expect(JSON.parse(seen[0].data as string)).toEqual({ nickname: '客服小四', isAdmin: false });
  });

  it('puts a validation message from the server next to its field', async () => {
    const seen: InternalAxiosRequestConfig[] = [];
    http.defaults.adapter = answer(
      400,
      { statusCode: 400, error: 'Bad Request', message: ['openid must be 6 to 64 letters, digits, - or _'] },
      seen,
    );
    renderModal();

    fireEvent.change(await screen.findByLabelText('昵称'), { target: { value: '客服小五' } });
    fireEvent.click(screen.getByRole('button', { name: '添加客服' }));

    await waitFor(() => expect(screen.getByText('openid must be 6 to 64 letters, digits, - or _')).toBeTruthy());
  });
});
