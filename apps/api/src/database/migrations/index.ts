import { CreateUsersAndTenants1795488361688 } from './1795488361688-CreateUsersAndTenants';
import { CreateChannelsAgentsSettings1795489225133 } from './1795489225133-CreateChannelsAgentsSettings';
import { CreateLicensing1795489225198 } from './1795489225198-CreateLicensing';
import { CreateKnowledgeItems1795489521280 } from './1795489521280-CreateKnowledgeItems';
import { CreateMediaAssets1795550000000 } from './1795550000000-CreateMediaAssets';
import { CreateConversations1795600000000 } from './1795600000000-CreateConversations';

/** Every migration, in order. Listed explicitly so compiled and test runs load the same set. */
export const migrations = [
  CreateUsersAndTenants1795488361688,
  CreateChannelsAgentsSettings1795489225133,
  CreateLicensing1795489225198,
  CreateKnowledgeItems1795489521280,
  CreateMediaAssets1795550000000,
  CreateConversations1795600000000,
];
