import { HubConnectionBuilder, LogLevel } from '@microsoft/signalr';
import type { HubLike } from './liveStore';

export function createHubConnection(getToken: () => string | null): HubLike {
  return new HubConnectionBuilder()
    .withUrl('/hubs/incidents', { accessTokenFactory: () => getToken() ?? '' })
    .withAutomaticReconnect([0, 2000, 5000, 10000, 30000])
    .configureLogging(LogLevel.Warning)
    .build() as unknown as HubLike;
}
