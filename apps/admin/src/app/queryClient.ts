import { QueryClient } from '@tanstack/react-query';
import { AxiosError } from 'axios';

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      // Retry what may pass (network, 5xx); a 4xx answer will not change by asking again.
      retry: (failureCount, error) => {
        if (error instanceof AxiosError && error.response && error.response.status < 500) return false;
        return failureCount < 2;
      },
    },
    mutations: { retry: false },
  },
});
