import { main } from '../src/cli';

void main();
