import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { deriveKey } from '../../common/derive-key';
import { APP_CONFIG, AppConfig } from '../../config';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { RefreshToken } from './entities/refresh-token.entity';
import { Tenant } from './entities/tenant.entity';
import { User } from './entities/user.entity';
import { AuthGuard } from './guards/auth.guard';
import { LoginThrottleService } from './login-throttle.service';
import { UsersService } from './users.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([Tenant, User, RefreshToken]),
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        secret: deriveKey(config.secretKey, 'access-tokens'),
        signOptions: { algorithm: 'HS256', expiresIn: config.auth.accessTokenTtlSeconds },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [AuthService, UsersService, LoginThrottleService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AuthService, UsersService],
})
export class TenantsModule {}
