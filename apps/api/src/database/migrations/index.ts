import { CreateUsersAndTenants1795488361688 } from './1795488361688-CreateUsersAndTenants';

/** Every migration, in order. Listed explicitly so compiled and test runs load the same set. */
export const migrations = [CreateUsersAndTenants1795488361688];
