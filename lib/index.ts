export * from './headless-service';
export * from './nfs-persistent-volume';
export * from './nfs-storage';
export * from './probe';
export * from './security-context';
export * from './stateful-workload';
export * from './update-strategy';
export * from './volume-claim-template';
