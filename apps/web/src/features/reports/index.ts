export { DashboardPage, ShopHome } from './DashboardPage';
