/** Default bound of the app's cache of decoded partitions, in MB; Settings changes it per user. */
export const DEFAULT_READ_CACHE_MB = 256;
/** Largest bound Settings accepts (MB): the cache lives in the main process's memory. */
export const MAX_READ_CACHE_MB = 16_384;
