import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config';
import { entities } from './entities';
import { typeormOptions } from './typeorm-options';

/** For the TypeORM command line (generating and running migrations by hand). */
export default new DataSource({ ...typeormOptions(loadConfig()), entities });
