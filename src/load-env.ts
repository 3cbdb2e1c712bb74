/** Loads a .env file from the working directory into process.env, silently (dotenv would print a banner on stdout). */
import { config } from 'dotenv';

export function loadDotenv(): void {
  config({ quiet: true });
}
