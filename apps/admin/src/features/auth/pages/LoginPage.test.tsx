import { QueryClient } from '@tanstack/react-query';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { AxiosAdapter, AxiosResponse, InternalAxiosRequestConfig } from 'axios';
import { AxiosError } from 'axios';
import { createMemoryRouter, RouterProvider } from 'react-router-dom';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { http } from '../../../app/http';
import i18n from '../../../app/i18n';
import { AppProviders } from '../../../app/providers';
import { session } from '../../../app/session';
import { LoginPage } from './LoginPage';

function answer(status: number, data?: unknown): AxiosAdapter {
  return async (config: InternalAxiosRequestConfig) => {
    const response: AxiosResponse = { status, statusText: '', data, headers: {}, config };
    if (status >= 400) throw new AxiosError('failed', 'ERR_BAD_RESPONSE', config, undefined, response);
    return response;
  };
}

function renderLogin(from = '/queue') {
  const router = createMemoryRouter(
    [
      { path: '/login', element: <LoginPage /> },
      { path: '/queue', element: <p>queue page</p> },
    ],
    { initialEntries: [{ pathname: '/login', state: { from: { pathname: from, search: '', hash: '' } } }] },
  );
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <AppProviders queryClient={queryClient}>
      <RouterProvider router={router} />
    </AppProviders>,
  );
  return router;
}

async function submit(username: string, password: string) {
  fireEvent.change(screen.getByLabelText('用户名'), { target: { value: username } });
  fireEvent.change(screen.getByLabelText('密码'), { target: { value: password } });
  fireEvent.click(screen.getByRole('button', { name: '登录' }));
}

describe('LoginPage', () => {
  const originalAdapter = http.defaults.adapter;

  beforeEach(async () => {
    session.clear();
    await i18n.changeLanguage('zh-CN');
  });

  afterEach(() => {
    http.defaults.adapter = originalAdapter;
    vi.restoreAllMocks();
  });

  it('asks for username and password in Chinese', async () => {
    renderLogin();
    fireEvent.click(screen.getByRole('button', { name: '登录' }));
    expect(await screen.findByText('请输入用户名')).toBeTruthy();
    expect(await screen.findByText('请输入密码')).toBeTruthy();
  });

  it('says the credentials are wrong', async () => {
    http.defaults.adapter = answer(401, { statusCode: 401, error: 'Unauthorized', message: 'Invalid credentials' });
    renderLogin();
    await submit('admin', 'nope');
    expect((await screen.findByTestId('login-error')).textContent).toContain('用户名或密码错误');
    expect(session.get()).toBeNull();
  });

  it('counts down while locked out and blocks the button', async () => {
    // The countdown reads the clock; drive it by hand so that a slow machine cannot skip a second.
    let clock = 1_700_000_000_000;
    vi.spyOn(Date, 'now').mockImplementation(() => clock);
    http.defaults.adapter = answer(429, { statusCode: 429, error: 'Too Many Requests', message: 'Locked', retryAfter: 2 });
    renderLogin();
    await submit('admin', 'nope');

    const alert = await screen.findByTestId('login-error');
    expect(alert.textContent).toBe('尝试次数过多，请在 2 秒后重试');
    expect(screen.getByRole('button', { name: '登录' }).hasAttribute('disabled')).toBe(true);

    clock += 1000;
    await waitFor(() => expect(screen.getByTestId('login-error').textContent).toBe('尝试次数过多，请在 1 秒后重试'));
    expect(screen.getByRole('button', { name: '登录' }).hasAttribute('disabled')).toBe(true);

    clock += 1000;
    await waitFor(() => expect(screen.queryByTestId('login-error')).toBeNull());
    expect(screen.getByRole('button', { name: '登录' }).hasAttribute('disabled')).toBe(false);
  });

  it('lifts the lock when another account name is typed', async () => {
    http.defaults.adapter = answer(429, { statusCode: 429, error: 'Too Many Requests', message: 'Locked', retryAfter: 900 });
    renderLogin();
    await submit('admin', 'nope');
    expect((await screen.findByTestId('login-error')).textContent).toContain('请在 900 秒后重试');

    fireEvent.change(screen.getByLabelText('用户名'), { target: { value: 'someone-else' } });

    await waitFor(() => expect(screen.queryByTestId('login-error')).toBeNull());
    expect(screen.getByRole('button', { name: '登录' }).hasAttribute('disabled')).toBe(false);
  });

  it('reports an unreachable server', async () => {
    http.defaults.adapter = async (config) => {
      throw new AxiosError('Network Error', 'ERR_NETWORK', config);
    };
    renderLogin();
    await submit('admin', 'secret');
    expect((await screen.findByTestId('login-error')).textContent).toContain('无法连接服务器');
  });

  it('stores the tokens and returns to the page first asked for', async () => {
    http.defaults.adapter = answer(200, { accessToken: 'a', refreshToken: 'r', expiresIn: 900 });
    const router = renderLogin('/queue');
    await submit(' admin ', 'secret');
    expect(await screen.findByText('queue page')).toBeTruthy();
    expect(router.state.location.pathname).toBe('/queue');
    expect(session.get()).toMatchObject({ accessToken: 'a', refreshToken: 'r' });
  });

  it('switches to English and remembers the choice', async () => {
    renderLogin();
    await act(async () => {
      fireEvent.click(screen.getByText('English'));
    });
    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeTruthy();
    expect(window.localStorage.getItem('kefu.admin.language')).toBe('en');
    expect(document.documentElement.lang).toBe('en');
  });
});
