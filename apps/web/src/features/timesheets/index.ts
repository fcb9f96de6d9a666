/** Staff hours: loaded as one chunk when someone first opens My hours or Staff hours. */
export { MyHoursPage } from './MyHoursPage';
export { StaffHoursPage } from './StaffHoursPage';
