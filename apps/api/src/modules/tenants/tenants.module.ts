import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { deriveKey } from '../../common/derive-key';
import { APP_CONFIG, AppConfig } from '../../config';
import { AgentsController } from './agents.controller';
import { AgentsService } from './agents.service';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { ChannelsController } from './channels.controller';
import { ChannelsService } from './channels.service';
import { Agent } from './entities/agent.entity';
import { Channel } from './entities/channel.entity';
import { RefreshToken } from './entities/refresh-token.entity';
import { Tenant } from './entities/tenant.entity';
import { TenantSettingsRow } from './entities/tenant-settings.entity';
import { User } from './entities/user.entity';
import { AuthGuard } from './guards/auth.guard';
import { LoginThrottleService } from './login-throttle.service';
import { SettingsController } from './settings.controller';
import { SettingsService } from './settings.service';
import { TenantsController } from './tenants.controller';
import { TenantsService } from './tenants.service';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';
import { WechatApiBase } from './wechat-api-base';
import { WechatClientsService } from './wechat-clients.service';
import { WechatCredentialsChecker } from './wechat-credentials.checker';

/**
 * Tenants, their console users and sign-in, channels, agents and settings. The seats a tenant may
 * use come from the licensing module through the SEAT_POLICY port (see seat-policy.ts).
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([Tenant, User, RefreshToken, Channel, Agent, TenantSettingsRow]),
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        secret: deriveKey(config.secretKey, 'access-tokens'),
        signOptions: { algorithm: 'HS256', expiresIn: config.auth.accessTokenTtlSeconds },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  controllers: [AuthController, TenantsController, UsersController, ChannelsController, AgentsController, SettingsController],
  providers: [
    AuthService,
    UsersService,
    LoginThrottleService,
    TenantsService,
    ChannelsService,
    AgentsService,
    SettingsService,
    WechatCredentialsChecker,
    WechatClientsService,
    WechatApiBase,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AuthService, UsersService, TenantsService, ChannelsService, AgentsService, SettingsService, WechatClientsService, WechatApiBase],
})
export class TenantsModule {}
