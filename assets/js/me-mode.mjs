// "Me" mode: sentence starters and "read it to me". Filled in below.
export function initMeMode() {}
