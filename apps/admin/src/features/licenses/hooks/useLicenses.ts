import type { GrantRequest, LicenseApplicationStatus, RejectRequest } from '@kefu/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { licenseKeys } from '../../license/api';
import { tenantKeys } from '../../tenants/api';
import {
  changeLicense,
  fetchAudit,
  grantApplication,
  licensesKeys,
  listApplications,
  rejectApplication,
  revokeLicense,
  type AuditQuery,
} from '../api';

export function useApplications(status: LicenseApplicationStatus) {
  return useQuery({ queryKey: licensesKeys.applications(status), queryFn: () => listApplications(status) });
}

export function useAudit(query: AuditQuery) {
  return useQuery({ queryKey: licensesKeys.audit(query), queryFn: () => fetchAudit(query), placeholderData: keepPreviousData });
}

function useInvalidate() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: licensesKeys.all }),
      queryClient.invalidateQueries({ queryKey: licenseKeys.all }),
      queryClient.invalidateQueries({ queryKey: tenantKeys.all }),
    ]);
}

export function useGrant() {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: ({ id, body }: { id: string; body: GrantRequest }) => grantApplication(id, body), onSuccess: invalidate });
}

export function useReject() {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: ({ id, body }: { id: string; body: RejectRequest }) => rejectApplication(id, body), onSuccess: invalidate });
}

export function useChangeLicense() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ tenantId, body }: { tenantId: string; body: GrantRequest }) => changeLicense(tenantId, body),
    onSuccess: invalidate,
  });
}

export function useRevokeLicense() {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: (tenantId: string) => revokeLicense(tenantId), onSuccess: invalidate });
}
