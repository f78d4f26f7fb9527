# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'seat_role_dialog.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractButton, QApplication, QButtonGroup, QDialog,
    QDialogButtonBox, QGridLayout, QLabel, QLineEdit,
    QRadioButton, QSizePolicy, QSpacerItem, QVBoxLayout,
    QWidget)

class Ui_SeatRoleDialog(object):
    def setupUi(self, SeatRoleDialog):
        if not SeatRoleDialog.objectName():
            SeatRoleDialog.setObjectName(u"SeatRoleDialog")
        SeatRoleDialog.resize(520, 240)
        self.main_layout = QVBoxLayout(SeatRoleDialog)
        self.main_layout.setObjectName(u"main_layout")
        self.form_error = QLabel(SeatRoleDialog)
        self.form_error.setObjectName(u"form_error")
        self.form_error.setProperty(u"role", u"error")
        self.form_error.setWordWrap(True)

        self.main_layout.addWidget(self.form_error)

        self.fields_layout = QGridLayout()
        self.fields_layout.setObjectName(u"fields_layout")
        self.fields_layout.setHorizontalSpacing(12)
        self.fields_layout.setVerticalSpacing(4)
        self.seat_label = QLabel(SeatRoleDialog)
        self.seat_label.setObjectName(u"seat_label")

        self.fields_layout.addWidget(self.seat_label, 0, 0, 1, 1)

        self.seat_edit = QLineEdit(SeatRoleDialog)
        self.seat_edit.setObjectName(u"seat_edit")
        self.seat_edit.setReadOnly(True)

        self.fields_layout.addWidget(self.seat_edit, 0, 1, 1, 1)

        self.role_label = QLabel(SeatRoleDialog)
        self.role_label.setObjectName(u"role_label")
        self.role_label.setAlignment(Qt.AlignmentFlag.AlignLeading|Qt.AlignmentFlag.AlignLeft|Qt.AlignmentFlag.AlignTop)

        self.fields_layout.addWidget(self.role_label, 1, 0, 1, 1)

        self.chair_radio = QRadioButton(SeatRoleDialog)
        self.role_group = QButtonGroup(SeatRoleDialog)
        self.role_group.setObjectName(u"role_group")
        self.role_group.addButton(self.chair_radio)
        self.chair_radio.setObjectName(u"chair_radio")

        self.fields_layout.addWidget(self.chair_radio, 1, 1, 1, 1)

        self.chair_error = QLabel(SeatRoleDialog)
        self.chair_error.setObjectName(u"chair_error")
        self.chair_error.setProperty(u"role", u"error")
        self.chair_error.setWordWrap(True)

        self.fields_layout.addWidget(self.chair_error, 2, 1, 1, 1)

        self.vice_chair_radio = QRadioButton(SeatRoleDialog)
        self.role_group.addButton(self.vice_chair_radio)
        self.vice_chair_radio.setObjectName(u"vice_chair_radio")

        self.fields_layout.addWidget(self.vice_chair_radio, 3, 1, 1, 1)

        self.vice_chair_error = QLabel(SeatRoleDialog)
        self.vice_chair_error.setObjectName(u"vice_chair_error")
        self.vice_chair_error.setProperty(u"role", u"error")
        self.vice_chair_error.setWordWrap(True)

        self.fields_layout.addWidget(self.vice_chair_error, 4, 1, 1, 1)

        self.member_radio = QRadioButton(SeatRoleDialog)
        self.role_group.addButton(self.member_radio)
        self.member_radio.setObjectName(u"member_radio")

        self.fields_layout.addWidget(self.member_radio, 5, 1, 1, 1)


        self.main_layout.addLayout(self.fields_layout)

        self.bottom_spacer = QSpacerItem(20, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.main_layout.addItem(self.bottom_spacer)

        self.button_box = QDialogButtonBox(SeatRoleDialog)
        self.button_box.setObjectName(u"button_box")
        self.button_box.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Save)

        self.main_layout.addWidget(self.button_box)

#if QT_CONFIG(shortcut)
        self.seat_label.setBuddy(self.seat_edit)
        self.role_label.setBuddy(self.chair_radio)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.seat_edit, self.chair_radio)
        QWidget.setTabOrder(self.chair_radio, self.vice_chair_radio)
        QWidget.setTabOrder(self.vice_chair_radio, self.member_radio)

        self.retranslateUi(SeatRoleDialog)

        QMetaObject.connectSlotsByName(SeatRoleDialog)
    # setupUi

    def retranslateUi(self, SeatRoleDialog):
        SeatRoleDialog.setWindowTitle(QCoreApplication.translate("SeatRoleDialog", u"Seat role", None))
#if QT_CONFIG(accessibility)
        SeatRoleDialog.setAccessibleName(QCoreApplication.translate("SeatRoleDialog", u"Set the role of a seat", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.form_error.setAccessibleName(QCoreApplication.translate("SeatRoleDialog", u"Problem saving the seat's role", None))
#endif // QT_CONFIG(accessibility)
        self.seat_label.setText(QCoreApplication.translate("SeatRoleDialog", u"Sea&t:", None))
#if QT_CONFIG(accessibility)
        self.seat_edit.setAccessibleName(QCoreApplication.translate("SeatRoleDialog", u"Seat", None))
#endif // QT_CONFIG(accessibility)
        self.role_label.setText(QCoreApplication.translate("SeatRoleDialog", u"Role:", None))
        self.chair_radio.setText(QCoreApplication.translate("SeatRoleDialog", u"&Chair", None))
#if QT_CONFIG(accessibility)
        self.chair_radio.setAccessibleName(QCoreApplication.translate("SeatRoleDialog", u"Chair", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.chair_error.setAccessibleName(QCoreApplication.translate("SeatRoleDialog", u"Problem with the chair", None))
#endif // QT_CONFIG(accessibility)
        self.vice_chair_radio.setText(QCoreApplication.translate("SeatRoleDialog", u"&Vice-chair", None))
#if QT_CONFIG(accessibility)
        self.vice_chair_radio.setAccessibleName(QCoreApplication.translate("SeatRoleDialog", u"Vice-chair", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.vice_chair_error.setAccessibleName(QCoreApplication.translate("SeatRoleDialog", u"Problem with the vice-chair", None))
#endif // QT_CONFIG(accessibility)
        self.member_radio.setText(QCoreApplication.translate("SeatRoleDialog", u"&Ordinary member seat", None))
#if QT_CONFIG(accessibility)
        self.member_radio.setAccessibleName(QCoreApplication.translate("SeatRoleDialog", u"Ordinary member seat", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi

