/** The product's name, as pages, mail and Better Auth show it. */
export const APP_NAME = "edgegate";
