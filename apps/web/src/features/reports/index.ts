export { DashboardPage, ShopHome } from './DashboardPage';
export { ReportsPage } from './ReportsPage';
