/**
 * DISCORD_SHARDS: the gateway split over several processes with discord.js's
 * own ShardingManager. This process becomes the manager; each shard is this
 * same program started again (discord.js hands it SHARDS and SHARD_COUNT,
 * which its Client reads), answering the servers of its shard. "auto" asks
 * Discord (GET /gateway/bot, through DISCORD_API_URL) how many it recommends.
 */
import { fileURLToPath } from 'node:url';
import type { DiscordConfig } from '../../config.js';
import type { Logger } from '../../logger.js';

/** Set by discord.js in every shard process it starts. */
export function isShardProcess(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.SHARDING_MANAGER === 'true';
}

export interface Shards {
  count: number;
  stop(): Promise<void>;
}

export async function startShards(config: DiscordConfig, logger: Logger): Promise<Shards> {
  const { REST, ShardingManager } = await import('discord.js');
  let count = config.shards;
  if (count === 'auto' || count === undefined) {
    const rest = new REST({ ...(config.apiUrl !== undefined ? { api: config.apiUrl } : {}) });
    const gateway = (await rest.setToken(config.token).get('/gateway/bot')) as { shards?: unknown };
    count = typeof gateway.shards === 'number' && gateway.shards > 0 ? gateway.shards : 1;
  }
  const main = new URL(
    import.meta.url.endsWith('.ts') ? '../../main.ts' : '../../main.js',
    import.meta.url,
  );
  const manager = new ShardingManager(fileURLToPath(main), {
    token: config.token,
    totalShards: count,
    mode: 'process',
    respawn: true,
    // From source (npm run dev, tests), each shard runs through tsx too.
    ...(main.pathname.endsWith('.ts') ? { execArgv: ['--import', 'tsx'] } : {}),
  });
  manager.on('shardCreate', (shard) => {
    logger.info('discord shard started', { shard: shard.id, of: count });
    shard.on('death', () => logger.warn('discord shard process ended', { shard: shard.id }));
  });
  await manager.spawn({ amount: count, delay: 0, timeout: 60_000 });
  return {
    count,
    async stop() {
      manager.respawn = false;
      await Promise.allSettled(
        [...manager.shards.values()].map(
          (shard) =>
            new Promise<void>((resolve) => {
              const child = shard.process;
              if (child === null || child.exitCode !== null) return resolve();
              child.once('exit', () => resolve());
              child.kill('SIGTERM');
            }),
        ),
      );
    },
  };
}
