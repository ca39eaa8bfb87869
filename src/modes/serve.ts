// placeholder replaced below
export async function serve(_options: unknown): Promise<number> { return 0; }
