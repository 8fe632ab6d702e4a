import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router-dom';
import { client } from './app/http';
import './app/i18n';
import { AppProviders } from './app/providers';
import { queryClient } from './app/queryClient';
import { createRouter } from './app/router';
import { setSignInNotice } from './features/auth/notice';
import './styles.css';

const router = createRouter();

// The session could not be renewed: the tokens are gone, so the route guard sends the user to
// the login page (keeping the page they were on); tell them why once they get there.
client.setSessionExpiredHandler(() => {
  setSignInNotice('expired');
  queryClient.removeQueries();
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AppProviders queryClient={queryClient}>
      <RouterProvider router={router} />
    </AppProviders>
  </StrictMode>,
);
